// The models made while indexing the .iig files and property lists, kept for linting the same files afterwards, so
// that a target that is also indexed is parsed once, not twice. Bounded by the length of the texts kept: past the
// budget a file is modelled again when it is linted (the same result, later).
import type { FileModel } from '../model/file-model';

/** About 25,000 lines of .iig; their trees take a few tens of megabytes. */
const DEFAULT_BUDGET_CHARS = 1_000_000;

export class IndexedModels {
  private readonly models = new Map<string, FileModel>();
  private keptChars = 0;

  constructor(private readonly budgetChars: number = DEFAULT_BUDGET_CHARS) {}

  /** Keeps `model` while the budget allows; a later model of the same file replaces it. */
  keep(model: FileModel): void {
    this.drop(model.uri);
    if (this.keptChars + model.text.length > this.budgetChars) return;
    this.models.set(model.uri, model);
    this.keptChars += model.text.length;
  }

  /** The model kept for `uri` when it was made from exactly `text`; it is then forgotten. */
  take(uri: string, text: string): FileModel | undefined {
    const model = this.models.get(uri);
    this.drop(uri);
    return model?.text === text ? model : undefined;
  }

  private drop(uri: string): void {
    const model = this.models.get(uri);
    if (!model) return;
    this.models.delete(uri);
    this.keptChars -= model.text.length;
  }
}
