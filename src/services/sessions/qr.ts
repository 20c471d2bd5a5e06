import QRCode from 'qrcode';

/**
 * The QR code as an SVG data URL the desktop can drop into an `<img src>`. Error correction M
 * survives a smudged or glare-struck screen without making the code too dense to scan.
 */
export async function qrSvgDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

/** The phone page URL with the token in `t`, keeping any query the base URL already has. */
export function mobileUploadUrl(baseUrl: string, token: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set('t', token);
  return url.toString();
}
