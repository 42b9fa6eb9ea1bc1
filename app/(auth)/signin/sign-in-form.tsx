"use client";

import { useActionState } from "react";
import { signInAction, type SignInState } from "@/app/_actions/session";
import type { Messages } from "@/lib/i18n/messages";

export function SignInForm({ labels, callbackUrl }: { labels: Messages["signin"]; callbackUrl: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, { error: null });
  return (
    <form action={action} className="space-y-4 rounded border border-slate-200 bg-white p-6">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <div className="space-y-1">
        <label htmlFor="email" className="block text-sm font-medium">
          {labels.email}
        </label>
        <input id="email" name="email" type="email" autoComplete="username" required className="w-full rounded border border-slate-300 px-3 py-2" />
      </div>
      <div className="space-y-1">
        <label htmlFor="password" className="block text-sm font-medium">
          {labels.password}
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className="w-full rounded border border-slate-300 px-3 py-2" />
      </div>
      {state.error && (
        <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-800">
          {state.error === "throttled" ? labels.throttled : labels.failed}
        </p>
      )}
      <button type="submit" disabled={pending} className="w-full rounded bg-brand-600 px-4 py-2 text-white hover:bg-brand-700 disabled:opacity-60">
        {labels.submit}
      </button>
      <p className="text-xs text-slate-500">{labels.demoHint}</p>
    </form>
  );
}
