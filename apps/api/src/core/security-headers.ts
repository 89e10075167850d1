import type { NextFunction, Request, Response } from 'express';

/**
 * Headers that keep customer text from ever running as script in the console: a strict CSP
 * (no inline script, no third-party origins), no MIME sniffing, no framing.
 */
export default function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  if (!req.path.startsWith('/api/docs')) {
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; media-src 'self' https:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'",
    );
  }
  next();
}
