/** One problem found in an input file, named by file, line and field so a person can fix it. */
export interface ImportIssue {
  file: string;
  line: number | null;
  field: string | null;
  message: string;
}

/** Issues kept in a report; the total is counted separately so huge failures stay readable. */
export const MAX_REPORTED_ISSUES = 1000;

export class IssueList {
  readonly items: ImportIssue[] = [];
  count = 0;

  constructor(private readonly file: string) {}

  add(line: number | null, field: string | null, message: string): void {
    this.push({ file: this.file, line, field, message });
  }

  /** Adds an issue found in another file (e.g. a table joined to this one). */
  push(issue: ImportIssue): void {
    this.count++;
    if (this.items.length < MAX_REPORTED_ISSUES) this.items.push(issue);
  }
}

export function formatIssue(issue: ImportIssue): string {
  const where = [issue.file, issue.line !== null ? `line ${issue.line}` : null, issue.field].filter(Boolean).join(", ");
  return `${where}: ${issue.message}`;
}
