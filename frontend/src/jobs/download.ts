/** Why a download failed, in one sentence; `unauthenticated` when the API refused the token. */
export class DownloadError extends Error {
  constructor(
    message: string,
    readonly unauthenticated = false,
  ) {
    super(message);
  }
}

/** `attachment; filename="x.csv"` → `x.csv`. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition ?? '');
  if (!match?.[1]) return fallback;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

/**
 * GETs a file that needs the Bearer token (a plain link cannot send it) and hands it to the browser as a
 * download: fetch → blob → object URL → a clicked `<a download>`.
 */
export async function downloadWithToken(path: string, token: string | null, fallbackName: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch (error) {
    throw new DownloadError(`Cannot reach the API: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) {
    const reason = await response
      .json()
      .then((body: { error?: unknown }) => (typeof body.error === 'string' ? body.error : null))
      .catch(() => null);
    throw new DownloadError(
      `The download failed (HTTP ${response.status})${reason ? `: ${reason}` : ''}.`,
      response.status === 401,
    );
  }
  const name = fileNameOf(response.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
