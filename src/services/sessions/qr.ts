import QRCode from 'qrcode';

/** Error correction M survives a smudged or glare-struck screen without making the code too dense. */
export const QR_ERROR_CORRECTION = 'M';
/** The quiet zone the QR standard asks for, in modules: phones find the code faster with it. */
export const QR_QUIET_ZONE_MODULES = 4;

/**
 * The QR code as an SVG data URL the desktop can drop into an `<img src>`. The SVG scales
 * losslessly; the desktop draws it at 256 px or more (docs/API.md), with the quiet zone included.
 */
export async function qrSvgDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, {
    type: 'svg',
    errorCorrectionLevel: QR_ERROR_CORRECTION,
    margin: QR_QUIET_ZONE_MODULES,
  });
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

/** The phone page URL with the token in `t`, keeping any query the base URL already has. */
export function mobileUploadUrl(baseUrl: string, token: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set('t', token);
  return url.toString();
}
