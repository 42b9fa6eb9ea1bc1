import type { ImportIssue } from "@/lib/import/issues";
import type { Messages } from "@/lib/i18n/messages";
import { format } from "@/lib/i18n/locales";

type Labels = Messages["admin"]["imports"];

/** The problems of one import, by file, line and field; used by the live report and the list. */
export function ImportIssues({ issues, total, labels, limit = 200 }: { issues: ImportIssue[]; total: number; labels: Labels; limit?: number }) {
  const shown = issues.slice(0, limit);
  return (
    <div className="mt-2 overflow-x-auto">
      <table className="w-full text-left text-xs" data-testid="import-issues">
        <caption className="py-1 text-left text-slate-600">{format(labels.issuesShown, { shown: shown.length, total })}</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className="px-2 py-1 font-medium">{labels.fileName}</th>
            <th scope="col" className="px-2 py-1 font-medium">{labels.line}</th>
            <th scope="col" className="px-2 py-1 font-medium">{labels.field}</th>
            <th scope="col" className="px-2 py-1 font-medium">{labels.message}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((issue, i) => (
            <tr key={i} className="border-t border-slate-100 align-top">
              <td className="px-2 py-1">{issue.file}</td>
              <td className="px-2 py-1 tabular-nums">{issue.line ?? "—"}</td>
              <td className="px-2 py-1 font-mono">{issue.field ?? "—"}</td>
              <td className="px-2 py-1">{issue.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
