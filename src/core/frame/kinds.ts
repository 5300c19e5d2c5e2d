/** What a column holds, as the user sees and can correct it. */
export type ColumnKind = 'number' | 'integer' | 'boolean' | 'category' | 'date' | 'text' | 'identifier';

/** What the model predicts. */
export type Task = 'binary' | 'multiclass' | 'regression';
