// Puts a user name and password typed in separate fields into a connection string (pure).

/** The connection string with this user name and password as its user info (replacing any). */
export function withCredentials(connection: string, username = '', password = ''): string {
  const raw = connection.trim();
  if (username === '' && password === '') return raw;
  const match = /^([a-z][a-z0-9+.-]*:\/\/)?(.*)$/i.exec(raw);
  const scheme = match?.[1] ?? '';
  const rest = match?.[2] ?? '';
  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const tail = slash < 0 ? '' : rest.slice(slash);
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const userInfo =
    encodeURIComponent(username) + (password !== '' ? `:${encodeURIComponent(password)}` : '');
  return `${scheme}${userInfo}@${hostPort}${tail}`;
}
