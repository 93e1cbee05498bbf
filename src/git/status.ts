// The one reader of `git status --porcelain=v2 --branch`, for revisions and promotions alike.
/** Reads `git status --porcelain=v2 --branch`: HEAD's commit and branch, and the changed paths. */
export function parseStatus(text: string): { head?: string; branch?: string; dirty: string[] } {
  let head: string | undefined;
  let branch: string | undefined;
  const dirty: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('# branch.oid ')) {
      const oid = line.slice('# branch.oid '.length).trim();
      if (/^[0-9a-f]{40,64}$/.test(oid)) head = oid;
    } else if (line.startsWith('# branch.head ')) {
      const name = line.slice('# branch.head '.length).trim();
      if (name !== '(detached)') branch = name;
    } else if (line.startsWith('1 ') || line.startsWith('u ')) {
      dirty.push(
        line
          .split(' ')
          .slice(line.startsWith('1 ') ? 8 : 10)
          .join(' '),
      );
    } else if (line.startsWith('2 ')) {
      dirty.push(line.split(' ').slice(9).join(' ').split('\t')[0]!);
    } else if (line.startsWith('? ')) {
      dirty.push(line.slice(2));
    }
  }
  return { ...(head !== undefined ? { head } : {}), ...(branch !== undefined ? { branch } : {}), dirty };
}
