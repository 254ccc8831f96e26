'use client';

/** Print the report (the print stylesheet leaves out the app's header, the form and the buttons). */
export function PrintButton() {
  return (
    <button type="button" onClick={() => window.print()} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100">
      Print
    </button>
  );
}
