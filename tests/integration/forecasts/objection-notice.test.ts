import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { viewForecast } from "@/db/queries/forecasts";
import { seedDemoObjections } from "@/db/queries/objections-demo";
import { seedDemoModel } from "@/db/queries/seed-demo-model";
import { createApiToken } from "@/db/queries/tokens";
import type { Actor } from "@/lib/auth/permissions";
import { actorOf, seedSmallCity } from "@/tests/integration/objections/support";

/**
 * The officer's forecast page tells them when an upheld objection changed data behind the forecast:
 * the demo's upheld correction (a burglary in D02 recoded as theft) reaches the approved version's
 * stored forecasts, and the page, rendered for the police officer, names it in their language.
 */
const request = vi.hoisted(() => ({ headers: new Headers(), locale: "en" }));
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => ({ get: (name: string) => (name === "sightline-locale" ? { value: request.locale } : undefined), set: () => undefined }),
}));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw new Error(`redirect ${to}`);
  },
  forbidden: () => {
    throw new Error("forbidden()");
  },
  notFound: () => {
    throw new Error("notFound()");
  },
}));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, SESSION_LIFETIME_SECONDS: 12 * 60 * 60, signIn: async () => undefined, signOut: async () => undefined }));
const { default: ForecastViewPage } = await import("@/app/(police)/forecasts/views/[viewId]/page");

describe("the officer's forecast page, rendered", () => {
  let police: Actor;
  let viewId: string;
  let forecastId: string;

  beforeAll(async () => {
    const now = new Date();
    await seedSmallCity(now);
    await seedDemoModel(now);
    await seedDemoObjections(now);
    police = await actorOf("police@demo.test");
    ({ viewId, forecast: { id: forecastId } } = await viewForecast(police, { purpose: "patrol_planning" }));
    request.headers = new Headers({ authorization: `Bearer ${(await createApiToken(police, "page")).token}` });
  });

  const render = async (locale: string) => {
    request.locale = locale;
    return renderToStaticMarkup(await ForecastViewPage({ params: Promise.resolve({ viewId }) }));
  };

  it("shows, by district, which records changed and how, in English", async () => {
    const html = await render("en");
    expect(html).toContain('data-testid="changed-data-notice"');
    expect(html).toContain("Data changed after upheld objections");
    expect(html).toMatch(/data-testid="changed-data-D02"[^>]*>.*D02: 1 record\(s\) changed/s);
    expect(html).toMatch(/incident [\w-]+ corrected, which this forecast used as it stood/);
  });

  it("and in Simplified Chinese", async () => {
    const html = await render("zh-CN");
    expect(html).toContain("异议获支持后数据已更改");
    expect(html).toContain("D02：1 条记录已更改");
  });

  it("renders each decision form with the forecast, the logged view and its cell or action as hidden fields", async () => {
    const html = await render("en");
    const forms = html.match(/<form[^>]*data-testid="(decision-\d+|extra-cell)".*?<\/form>/gs) ?? [];
    expect(forms.length).toBeGreaterThan(1);
    for (const form of forms) {
      expect(form).toContain(`<input type="hidden" name="forecastId" value="${forecastId}"/>`);
      expect(form).toContain(`<input type="hidden" name="viewId" value="${viewId}"/>`);
    }
    expect(forms[0]).toMatch(/<input type="hidden" name="cell" value="\d+"\/>/);
    expect(forms.at(-1)).toContain('<input type="hidden" name="kind" value="extra_cell"/>');
  });
});
