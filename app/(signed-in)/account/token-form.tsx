"use client";

import { useActionState } from "react";
import type { Messages } from "@/lib/i18n/messages";
import { createTokenAction } from "./actions";

export function TokenForm({ labels }: { labels: Messages["account"] }) {
  const [state, action, pending] = useActionState(createTokenAction, { token: null, error: null });
  return (
    <form action={action} className="flex flex-wrap items-end gap-2">
      <label className="flex flex-col text-sm">
        {labels.tokenName}
        <input name="name" required maxLength={80} className="rounded border border-slate-300 px-2 py-1" />
      </label>
      <button type="submit" disabled={pending} className="rounded bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700 disabled:opacity-60">
        {labels.create}
      </button>
      {state.error && <p role="alert" className="w-full text-sm text-red-800">{state.error}</p>}
      {state.token && (
        <div role="status" className="w-full rounded bg-amber-50 p-2 text-sm">
          <p>{labels.shownOnce}</p>
          <code className="break-all font-mono" data-testid="new-token">
            {state.token}
          </code>
        </div>
      )}
    </form>
  );
}
