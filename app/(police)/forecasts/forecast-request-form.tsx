"use client";

import { useActionState } from "react";
import { openForecastAction, type ForecastFormState } from "./actions";

export interface RequestLabels {
  requestTitle: string;
  area: string;
  allAreas: string;
  category: string;
  anyCategory: string;
  date: string;
  horizon: string;
  horizons: Record<"1" | "7", string>;
  purpose: string;
  purposes: Record<string, string>;
  purposeNote: string;
  open: string;
  opening: string;
  noForecastTitle: string;
  noForecast: Record<string, string>;
}

const initial: ForecastFormState = { noForecast: null, message: null };

/** Purpose first: the forecast opens only once the stated purpose is on the ledger. */
export function ForecastRequestForm({ labels, areaCodes, categories, today }: { labels: RequestLabels; areaCodes: string[]; categories: { value: string; label: string }[]; today: string }) {
  const [state, action, pending] = useActionState(openForecastAction, initial);
  return (
    <form action={action} className="space-y-4 rounded border border-slate-200 bg-white p-4" data-testid="forecast-request">
      <h2 className="text-lg font-semibold">{labels.requestTitle}</h2>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <label className="block text-sm">
          <span className="font-medium">{labels.area}</span>
          <select name="area" className="mt-1 block w-full rounded border border-slate-300 px-2 py-1.5">
            <option value="">{labels.allAreas}</option>
            {areaCodes.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm">
          <span className="font-medium">{labels.category}</span>
          <select name="category" className="mt-1 block w-full rounded border border-slate-300 px-2 py-1.5">
            <option value="">{labels.anyCategory}</option>
            {categories.map(({ value, label }) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm">
          <span className="font-medium">{labels.date}</span>
          <input type="date" name="date" defaultValue={today} required className="mt-1 block w-full rounded border border-slate-300 px-2 py-1.5" />
        </label>
        <label className="block text-sm">
          <span className="font-medium">{labels.horizon}</span>
          <select name="horizon" defaultValue="7" className="mt-1 block w-full rounded border border-slate-300 px-2 py-1.5">
            <option value="1">{labels.horizons["1"]}</option>
            <option value="7">{labels.horizons["7"]}</option>
          </select>
        </label>
      </div>
      <fieldset className="text-sm">
        <legend className="font-medium">{labels.purpose}</legend>
        <p className="text-slate-600">{labels.purposeNote}</p>
        <div className="mt-2 flex flex-wrap gap-4">
          {Object.entries(labels.purposes).map(([value, label]) => (
            <label key={value} className="flex items-center gap-2">
              <input type="radio" name="purpose" value={value} required />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      <button type="submit" disabled={pending} className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {pending ? labels.opening : labels.open}
      </button>
      {state.noForecast && (
        <div role="alert" className="rounded border border-amber-300 bg-amber-50 p-3" data-testid="no-approved-forecast">
          <p className="font-semibold">{labels.noForecastTitle}</p>
          <p>{labels.noForecast[state.noForecast]}</p>
        </div>
      )}
      {state.message && (
        <p role="alert" className="text-red-700">
          {state.message}
        </p>
      )}
    </form>
  );
}
