import Link from "next/link";
import { getMessages } from "@/lib/i18n/server";

export default async function NotFound() {
  const { t } = await getMessages();
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-bold">{t.errors.notFoundTitle}</h1>
      <p>{t.errors.notFound}</p>
      <Link href="/" className="text-brand-700 underline">
        {t.errors.back}
      </Link>
    </div>
  );
}
