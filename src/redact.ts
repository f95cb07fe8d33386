/**
 * Removes secrets from any text before it leaves the process. Movidesk takes the token in the query
 * string, so URLs are the usual leak: both the literal secret and any `token=` parameter are masked.
 */
export class Redactor {
  private readonly secrets: string[] = [];

  addSecret(secret: string | undefined): void {
    if (secret && secret.length >= 4 && !this.secrets.includes(secret)) {
      this.secrets.push(secret);
      // Longest first, so a secret containing another is masked whole.
      this.secrets.sort((a, b) => b.length - a.length);
    }
  }

  redact(text: string): string {
    let out = text.replace(/([?&]token=)[^&#\s"']*/gi, '$1***');
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join('***');
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join('***');
    }
    return out;
  }
}
