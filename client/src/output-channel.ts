// The "DriverKit" log output channel: the client's and the server's messages at their levels, and the LSP trace.
import { window, type LogOutputChannel } from 'vscode';

/**
 * One LogOutputChannel serves as both the client's output channel and its trace channel, so the user picks the level
 * with "Developer: Set Log Level…" (or the channel's gear) and turns the LSP trace on with `driverkit.trace.server`,
 * which vscode-languageclient reads for the client whose id is `driverkit`.
 */
export function createDriverKitOutputChannel(): LogOutputChannel {
  return window.createOutputChannel('DriverKit', { log: true });
}
