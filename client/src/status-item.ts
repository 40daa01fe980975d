// The "DriverKit" language status item: which parser backend the server runs, its version, index size, last analysis.
import { languages, type DocumentSelector, type LanguageStatusItem } from 'vscode';
import type { LanguageClient, Middleware } from 'vscode-languageclient/node';
import { describeServerStatus, STARTING_TEXT, type ServerStatusView } from './status-text';

const SERVER_STATUS_REQUEST = 'driverkit/serverStatus';
const STATUS_CHANGED_NOTIFICATION = 'driverkit/statusChanged';

/**
 * Asks the server for its status when connected, whenever it announces a change, and after each diagnostics
 * publication (no timer). Requests are coalesced: at most one is in flight, and one more follows if asked meanwhile.
 */
export class DriverKitStatusItem {
  private readonly item: LanguageStatusItem;
  private client: LanguageClient | undefined;
  private inFlight = false;
  private refreshAgain = false;

  /** Pass to the LanguageClientOptions so that every diagnostics publication refreshes the item. */
  readonly middleware: Middleware = {
    handleDiagnostics: (uri, diagnostics, next) => {
      next(uri, diagnostics);
      this.refresh();
    },
  };

  constructor(selector: DocumentSelector) {
    this.item = languages.createLanguageStatusItem('driverkit.status', selector);
    this.item.name = 'DriverKit';
    this.show(undefined);
  }

  /** Starts reading the status of a started client. */
  connect(client: LanguageClient): void {
    this.client = client;
    client.onNotification(STATUS_CHANGED_NOTIFICATION, () => this.refresh());
    this.refresh();
  }

  refresh(): void {
    const client = this.client;
    if (!client || !client.isRunning()) return;
    if (this.inFlight) {
      this.refreshAgain = true;
      return;
    }
    this.inFlight = true;
    client.sendRequest<ServerStatusView>(SERVER_STATUS_REQUEST, {}).then(
      (status) => this.show(status),
      () => undefined, // A server that is stopping answers with an error; the item keeps its last state.
    ).finally(() => {
      this.inFlight = false;
      if (this.refreshAgain) {
        this.refreshAgain = false;
        this.refresh();
      }
    });
  }

  dispose(): void {
    this.item.dispose();
  }

  private show(status: ServerStatusView | undefined): void {
    const { text, detail } = describeServerStatus(status);
    this.item.text = text;
    this.item.detail = detail;
    this.item.busy = text === STARTING_TEXT.text;
  }
}
