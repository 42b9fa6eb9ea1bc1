import type { Locale } from "../locales";
import { admin as enAdmin } from "./en/admin";
import { common as enCommon } from "./en/common";
import { forecasts as enForecasts } from "./en/forecasts";
import { incidents as enIncidents } from "./en/incidents";
import { ledger as enLedger } from "./en/ledger";
import { monitoring as enMonitoring } from "./en/monitoring";
import { objections as enObjections } from "./en/objections";
import { regional as enRegional } from "./en/regional";
import { register as enRegister } from "./en/register";
import { registry as enRegistry } from "./en/registry";
import { seriousIncidents as enSeriousIncidents } from "./en/serious-incidents";
import { admin as zhAdmin } from "./zh-CN/admin";
import { common as zhCommon } from "./zh-CN/common";
import { forecasts as zhForecasts } from "./zh-CN/forecasts";
import { incidents as zhIncidents } from "./zh-CN/incidents";
import { ledger as zhLedger } from "./zh-CN/ledger";
import { monitoring as zhMonitoring } from "./zh-CN/monitoring";
import { objections as zhObjections } from "./zh-CN/objections";
import { regional as zhRegional } from "./zh-CN/regional";
import { register as zhRegister } from "./zh-CN/register";
import { registry as zhRegistry } from "./zh-CN/registry";
import { seriousIncidents as zhSeriousIncidents } from "./zh-CN/serious-incidents";

const en = { ...enCommon, admin: enAdmin, incidents: enIncidents, ledger: enLedger, registry: enRegistry, forecasts: enForecasts, register: enRegister, seriousIncidents: enSeriousIncidents, objections: enObjections, monitoring: enMonitoring, regional: enRegional };
export type Messages = typeof en;

const zhCN: Messages = { ...zhCommon, admin: zhAdmin, incidents: zhIncidents, ledger: zhLedger, registry: zhRegistry, forecasts: zhForecasts, register: zhRegister, seriousIncidents: zhSeriousIncidents, objections: zhObjections, monitoring: zhMonitoring, regional: zhRegional };

export const MESSAGES: Record<Locale, Messages> = { en, "zh-CN": zhCN };
