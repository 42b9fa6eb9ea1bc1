"use client";

import { useActionState } from "react";
import { revokeTokenAction } from "./actions";

export function RevokeButton({ tokenId, label, tokenName }: { tokenId: string; label: string; tokenName: string }) {
  const [error, action, pending] = useActionState(revokeTokenAction, null);
  return (
    <form action={action}>
      <input type="hidden" name="tokenId" value={tokenId} />
      <button type="submit" disabled={pending} className="rounded text-red-700 underline focus-visible:outline-2 focus-visible:outline-brand-600 disabled:opacity-60">
        {label}
        <span className="sr-only"> {tokenName}</span>
      </button>
      {error && <p role="alert" className="text-xs text-red-800">{error}</p>}
    </form>
  );
}
