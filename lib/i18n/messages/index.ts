import type { Locale } from "../locales";
import { admin as enAdmin } from "./en/admin";
import { common as enCommon } from "./en/common";
import { incidents as enIncidents } from "./en/incidents";
import { admin as zhAdmin } from "./zh-CN/admin";
import { common as zhCommon } from "./zh-CN/common";
import { incidents as zhIncidents } from "./zh-CN/incidents";

const en = { ...enCommon, admin: enAdmin, incidents: enIncidents };
export type Messages = typeof en;

const zhCN: Messages = { ...zhCommon, admin: zhAdmin, incidents: zhIncidents };

export const MESSAGES: Record<Locale, Messages> = { en, "zh-CN": zhCN };
