"use client";

// Error boundaries render without server data; the text stays bilingual and short.
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="space-y-3" role="alert">
      <h1 className="text-2xl font-bold">Something went wrong · 出现问题</h1>
      <p>The service could not complete this request. Try again in a moment. · 服务暂时无法完成此请求，请稍后再试。</p>
      <button type="button" onClick={reset} className="rounded bg-slate-800 px-3 py-1 text-white">
        Try again · 重试
      </button>
    </div>
  );
}
