/**
 * The entries of a manifest's `files` list that match nothing in a packed tarball: a file entry (`README.md`) must be
 * in it, a folder entry (`dist`) must have at least one file under it. Leading `./` and trailing `/` are ignored, as
 * npm does; negated entries (`!…`) exclude rather than promise, so they are not checked. Glob entries are refused
 * (no published package uses one), rather than silently passed.
 */
export function missingFilesEntries(files: readonly string[], packed: readonly string[]): string[] {
  return files
    .filter((entry) => !entry.startsWith('!'))
    .filter((entry) => {
      if (/[*?[\]{}]/.test(entry)) throw new Error(`files entry "${entry}" is a glob, which this check does not read`);
      const path = entry.replace(/^\.?\/+/, '').replace(/\/+$/, '');
      return !packed.some((file) => file === path || file.startsWith(`${path}/`));
    });
}
