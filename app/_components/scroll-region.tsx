import type { ReactNode } from "react";

/**
 * A horizontally scrollable box for a wide table. It can take keyboard focus and is a named
 * region, so people who do not use a pointer can scroll it too (WCAG 2.1.1).
 */
export function ScrollRegion({ label, children, className = "" }: { label: string; children: ReactNode; className?: string }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className={`overflow-x-auto ${className}`}>
      {children}
    </div>
  );
}
