/** An invitation link's token rides in the URL fragment, which never reaches a server log. */
export function tokenFromLocation(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}
