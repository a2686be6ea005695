/**
 * What a calendar URL may be, and how it is written where people and logs can read it. One rule for the site
 * configuration (checked at synth), every redirect hop the fetcher follows, and the CLI.
 *
 * The fetcher runs inside the account with the account's network position, so a calendar URL is a way to make it
 * send a request somewhere: only HTTPS to a public host name is allowed, never an address written as an IP
 * literal, a loopback/link-local/private name, or a URL that carries credentials. (A public name that resolves to a
 * private address is refused by the fetcher after its DNS lookup, see `isPublicAddress`.)
 */
import { BlockList, isIP } from 'node:net';

/** Host names that only mean something inside a network (RFC 6761, RFC 6762, RFC 8375) or on the machine itself. */
const INTERNAL_SUFFIXES = ['localhost', 'local', 'internal', 'intranet', 'lan', 'home.arpa', 'localdomain'];

/**
 * Why `raw` is not an acceptable calendar URL, or undefined when it is: `https:`, no user name or password, a host
 * name (not an IP literal) with at least one dot that is not an internal-only name.
 */
export function calendarUrlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:') return `${url.protocol}// is not allowed: calendars are fetched over HTTPS only`;
  if (url.username !== '' || url.password !== '') {
    return 'a URL with a user name or password is not allowed (it would be stored and e-mailed); use a private-feed URL without credentials';
  }
  // The URL parser has already turned every IPv4 spelling (2130706433, 0x7f.1, 127.1) into dotted form.
  const host = url.hostname.replace(/^\[|\]$/gu, '').replace(/\.$/u, '').toLowerCase();
  if (isIP(host) !== 0) return `the host ${host} is an IP address; use the calendar's host name`;
  if (!host.includes('.')) return `the host ${host} is not a public host name`;
  if (INTERNAL_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`))) {
    return `the host ${host} is an internal name, not a public host`;
  }
  return undefined;
}

/** Address ranges a public calendar never lives in (IANA special-purpose registries, IPv4 and IPv6). */
const NOT_PUBLIC = (() => {
  const list = new BlockList();
  const v4: Array<[string, number]> = [
    ['0.0.0.0', 8], // "this network"
    ['10.0.0.0', 8],
    ['100.64.0.0', 10], // carrier-grade NAT
    ['127.0.0.0', 8],
    ['169.254.0.0', 16], // link-local, cloud metadata services
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4], // multicast
    ['240.0.0.0', 4], // reserved, broadcast
  ];
  for (const [address, prefix] of v4) list.addSubnet(address, prefix, 'ipv4');
  const v6: Array<[string, number]> = [
    ['::', 128],
    ['::1', 128],
    ['64:ff9b::', 96], // NAT64 embeds an IPv4 address that may be private
    ['100::', 64],
    ['2001:db8::', 32],
    ['fc00::', 7], // unique local
    ['fe80::', 10], // link-local
    ['ff00::', 8], // multicast
  ];
  for (const [address, prefix] of v6) list.addSubnet(address, prefix, 'ipv6');
  return list;
})();

/** True when `address` (IPv4 or IPv6, as DNS returned it) is a public unicast address. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    // An IPv4-mapped address (::ffff:10.0.0.1) is the IPv4 address it carries.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/iu.exec(address);
    if (mapped !== null) return isPublicAddress(mapped[1] as string);
    return !NOT_PUBLIC.check(address, 'ipv6');
  }
  return !NOT_PUBLIC.check(address, 'ipv4');
}

/** Google's public holiday feeds: the one URL shape known to carry nothing secret. */
const PUBLIC_GOOGLE_FEED = /^\/calendar\/ical\/[^/]+\/public\/basic\.ics$/u;

/**
 * Whether `raw` is Google's Japanese holiday feed in Japanese (`ja.japanese#holiday@group.v.calendar.google.com`),
 * on either of the hosts Google serves it from and however the ID is escaped: the feed whose observances are known.
 */
export function isGoogleJapaneseHolidayFeed(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (!['www.google.com', 'calendar.google.com'].includes(url.hostname.toLowerCase()) || !PUBLIC_GOOGLE_FEED.test(url.pathname)) return false;
  let id: string;
  try {
    id = decodeURIComponent(url.pathname.split('/')[3] ?? '');
  } catch {
    return false;
  }
  return id.toLowerCase() === 'ja.japanese#holiday@group.v.calendar.google.com';
}

/**
 * Whether a path segment may be shown: plain words (`calendar`, `basic.ics`, `holidays`) and calendar IDs written as
 * addresses (`…%40group.calendar.google.com`). Anything with digits or long runs of letters may be a token, whatever
 * its shape (hex, base64 with `=`, a 16-character key), so it is not shown.
 */
function isShowableSegment(segment: string): boolean {
  if (segment === '') return true;
  if (/%40|@/u.test(segment)) return !/^private-/iu.test(segment);
  return /^[A-Za-z._-]{1,24}$/u.test(segment) && !/^private/iu.test(segment);
}

/**
 * `raw` as it may appear in an e-mail, a log line or the stored list: credentials removed, the query and fragment
 * replaced by `<redacted>`, and every path segment that could be a token (a private feed's `private-…`, any segment
 * with digits or a long run of letters) replaced by `<redacted>`. Google's public feed URLs are shown whole. Text that
 * is not a URL is replaced as a whole.
 */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '<redacted: not a URL>';
  }
  const query = url.search === '' ? '' : '?<redacted>';
  const fragment = url.hash === '' ? '' : '#<redacted>';
  const path = PUBLIC_GOOGLE_FEED.test(url.pathname)
    ? url.pathname
    : url.pathname
        .split('/')
        .map((segment) => (isShowableSegment(segment) ? segment : /^private-/iu.test(segment) ? 'private-<redacted>' : '<redacted>'))
        .join('/');
  return `${url.protocol}//${url.host}${path}${query}${fragment}`;
}
