import Link from "next/link";
import { getMessages } from "@/lib/i18n/server";

export default async function Forbidden() {
  const { t } = await getMessages();
  return (
    <div className="space-y-3" data-testid="forbidden">
      <h1 className="text-2xl font-bold">{t.errors.forbiddenTitle}</h1>
      <p>{t.errors.forbidden}</p>
      <Link href="/" className="text-brand-700 underline">
        {t.errors.back}
      </Link>
    </div>
  );
}
