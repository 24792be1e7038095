/**
 * Branch and tag names in the config end up in refs signalbox reads and writes (the release
 * branch it merges into, the branches it tests). A name git would refuse, or one that hides what
 * it is (control characters, bidirectional overrides and other invisible formatting), is refused
 * here with the rule it breaks, rather than failing later at GitHub or misleading a reader.
 */
import { z } from "zod";

/** Git's limit on a ref is the file system's on a name; GitHub refuses longer ones. */
const MAX_REF_BYTES = 255;

/** The first rule of `git check-ref-format` (and of readability) that `name` breaks, or null. */
export function refNameProblem(name: string, { glob = false } = {}): string | null {
  if (name.length === 0) return "must not be empty";
  if (Buffer.byteLength(name) > MAX_REF_BYTES) return `must be at most ${MAX_REF_BYTES} bytes`;
  if (/[\p{Cc}\p{Cf}]/u.test(name)) return "must not contain control characters or invisible formatting characters";
  if (/\s/u.test(name)) return "must not contain spaces";
  if ((glob ? /[~^:\\]/ : /[~^:?*[\\]/).test(name)) return glob ? "must not contain ~ ^ : or \\" : "must not contain ~ ^ : ? * [ or \\";
  if (name.includes("..")) return 'must not contain ".."';
  if (name.includes("@{") || name === "@") return 'must not be "@" or contain "@{"';
  if (name.startsWith("/") || name.endsWith("/") || name.includes("//")) return "must not start or end with / or contain //";
  if (name.endsWith(".") || name.endsWith(".lock") || /(^|\/)\./.test(name)) return 'must not end with "." or ".lock", nor have a part starting with "."';
  return null;
}

const refName = (glob: boolean) =>
  z
    .string()
    .min(1)
    .superRefine((name, ctx) => {
      const problem = refNameProblem(name, { glob });
      if (problem) ctx.addIssue({ code: "custom", message: `${glob ? "a tag glob" : "a branch name"} ${problem}`, input: name });
    });

/** A branch name git and GitHub accept, readable as what it is. */
export const branchNameSchema = refName(false);
/** A glob over tag names: a tag name that may also use * ? and [ ]. */
export const tagGlobSchema = refName(true);
