// DEVELOPMENT ONLY: until sign-in screens exist, the API's development guard acts as the staff
// member named here. It is an id, not a credential, and the server ignores it in production.
const KEY = 'mentalspace.devUserId';

export function getDevUserId(): string | null {
  return sessionStorage.getItem(KEY);
}

export function setDevUserId(id: string | null) {
  if (id) sessionStorage.setItem(KEY, id);
  else sessionStorage.removeItem(KEY);
}

export function devUserHeader(): Record<string, string> {
  const id = getDevUserId();
  return id ? { 'x-dev-user-id': id } : {};
}
