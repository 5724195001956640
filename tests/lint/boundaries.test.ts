import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer rules in eslint.config.mjs, run through ESLint's Node API on made-up files: a wrong
 * import must be reported with the layer message, an allowed one must lint clean. (The file paths
 * need not exist; ESLint applies the config by path.)
 */
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

/** The layer-rule messages ESLint reports for `code` as if it lived at `filePath`. */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter((message) => ['boundaries/dependencies', '@typescript-eslint/no-restricted-imports', 'lookout/cross-layer-alias'].includes(message.ruleId ?? ''))
    .map((message) => `${message.ruleId}: ${message.message}`);
}

describe('layer rules', () => {
  it('refuses a component that imports the database', async () => {
    const errors = await layerErrors('components/x.tsx', "import { getDb } from '@/db/client';\nexport const load = getDb;\n");
    expect(errors).toEqual([expect.stringMatching(/^boundaries\/dependencies: Components take their data as props: no db\//)]);
  });

  it("refuses a component that reaches server/'s data access, but lets it use a type and a server action", async () => {
    expect(await layerErrors('components/x.tsx', "import { getActor } from '@/server/session';\nexport const who = getActor;\n")).toEqual([
      expect.stringMatching(/no-restricted-imports: .*Components reach app\/ and server\/ only through server actions/),
    ]);
    const allowed = [
      "import type { ActionResult } from '@/server/guard';",
      "import { signOutAction } from '@/server/auth-actions';",
      "import { confirmRiskAction } from '@/app/risk/actions';",
      "import { formatDateTime } from '@/components/format';",
      "import { AGE_BANDS } from '@/lib/platform/contract';",
      'export type Result = ActionResult;',
      'export const used = [signOutAction, confirmRiskAction, formatDateTime, AGE_BANDS];',
    ].join('\n');
    expect(await layerErrors('components/x.tsx', `${allowed}\n`)).toEqual([]);
  });

  it('refuses Next, React and server/ in lib/, and allows db/ and lib/', async () => {
    expect(await layerErrors('lib/x.ts', "import { redirect } from 'next/navigation';\nexport const go = redirect;\n")).toEqual([
      expect.stringMatching(/no-restricted-imports: .*no React, Next or Auth\.js here/),
    ]);
    expect(await layerErrors('lib/x.ts', "import { useState } from 'react';\nexport const state = useState;\n")).toHaveLength(1);
    expect(await layerErrors('lib/x.ts', "import { guardedAction } from '@/server/guard';\nexport const guard = guardedAction;\n")).toEqual([
      expect.stringMatching(/^boundaries\/dependencies: lib\/ is the domain/),
    ]);
    const allowed = "import { getDb } from '@/db/client';\nimport { appendAudit } from '@/lib/audit/log';\nimport { z } from 'zod';\nexport const used = [getDb, appendAudit, z];\n";
    expect(await layerErrors('lib/x.ts', allowed)).toEqual([]);
  });

  it('lets db/ import only the lib vocabularies', async () => {
    expect(await layerErrors('db/schema/x.ts', "import { listAccounts } from '../../lib/accounts/list';\nexport const list = listAccounts;\n")).toEqual([
      expect.stringMatching(/db\/ imports from lib\/ only its vocabularies/),
    ]);
    expect(await layerErrors('db/schema/x.ts', "import { ROLES } from '../../lib/auth/roles';\nimport { ID_MAX } from '../../lib/platform/contract';\nexport const used = [ROLES, ID_MAX];\n")).toEqual([]);
  });

  it('asks for "@/" when an import leaves its folder, not inside it', async () => {
    expect(await layerErrors('lib/triage/x.ts', "import { getDb } from '../../db/client';\nexport const db = getDb;\n")).toEqual([
      'lookout/cross-layer-alias: Import from another layer with "@/db/client", not a relative path.',
    ]);
    expect(await layerErrors('lib/triage/x.ts', "import { appendAudit } from '../audit/log';\nexport const audit = appendAudit;\n")).toEqual([]);
  });
});
