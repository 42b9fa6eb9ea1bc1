"use client";

/** Opens the browser's print dialog; the print stylesheet hides navigation and controls. */
export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" onClick={() => window.print()} className="no-print rounded border border-slate-400 bg-white px-3 py-1 text-sm text-slate-800 hover:bg-slate-100">
      {label}
    </button>
  );
}
