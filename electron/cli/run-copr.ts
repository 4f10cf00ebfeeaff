import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DoctorReport } from '../../shared/doctor.js';
import { createCoprService } from '../services/copr/service.js';
import { createDoctor } from '../services/doctor/service.js';
import type { KrbService } from '../services/kerberos/service.js';
import { coprCommand } from './copr-commands.js';
import { doctorCommand } from './doctor-commands.js';
import { fixIdsPath } from './fix-ids-path.js';
import type { CliIo } from './io.js';
import type { RunLine } from './parse.js';

/** The Copr and doctor commands: loaded only for them, since they bring the GSSAPI binding. */
export async function runCoprCommand(
  krb: KrbService,
  line: RunLine,
  io: CliIo,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const copr = createCoprService({ krb });
  const [group, subcommand] = line.command.path;
  if (group === 'copr') return coprCommand(copr, io, subcommand!, line);
  return doctorCommand(
    (configPath) => {
      const doctor = createDoctor({ krb, copr, ...(configPath === undefined ? {} : { configPath }) });
      return {
        ...doctor,
        run: async () => {
          const report = await doctor.run();
          await rememberFixIds(env, report);
          return report;
        },
      };
    },
    io,
    line,
  );
}

/** Best effort: a completion list that could not be saved only means no fix ids are offered. */
async function rememberFixIds(env: NodeJS.ProcessEnv, report: DoctorReport): Promise<void> {
  const path = fixIdsPath(env);
  const ids = report.findings.flatMap((f) => f.fixes.map((fix) => fix.id));
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
    await writeFile(temp, ids.map((id) => `${id}\n`).join(''), { mode: 0o600 });
    await rename(temp, path);
  } catch {
    // Nothing to do: see above.
  }
}
