/** Any failure in plain words, with the tool's or server's own words folded away underneath. */
import type { ReactNode } from 'react';
import { t } from '../../i18n';
import type { Problem } from '../../store';
import { Icon } from './icon';

/** The one sentence for a problem. */
export function describeProblem(problem: Problem): string {
  switch (problem.source) {
    case 'krb':
    case 'copr':
      // The shared sentences end in assertNever: a failure kind newer than this renderer would throw.
      try {
        return problem.source === 'krb' ? t('failure.krb', problem.failure) : t('failure.copr', problem.failure);
      } catch {
        return t('failure.unknownKind', (problem.failure as { kind: string }).kind);
      }
    case 'settings':
      return t('failure.settings', problem.reason);
    case 'call':
      return problem.failure.kind === 'exception'
        ? t('failure.exception')
        : problem.failure.rejection.kind === 'forbidden'
          ? t('failure.forbidden')
          : t('failure.invalidRequest');
  }
}

/** What the program itself said, when there is something beyond the sentence. */
export function problemDetail(problem: Problem): string | null {
  switch (problem.source) {
    case 'krb':
    case 'copr': {
      const f = problem.failure as unknown as Record<string, unknown>;
      const detail = f['detail'] ?? f['serverMessage'];
      return typeof detail === 'string' && detail.length > 0 ? detail : null;
    }
    case 'settings':
      return null;
    case 'call':
      return problem.failure.kind === 'exception'
        ? problem.failure.message
        : problem.failure.rejection.kind === 'invalid-request'
          ? `${problem.failure.rejection.channel}: ${problem.failure.rejection.reason}`
          : null;
  }
}

/** An error paragraph (announced at once) with the details folded. */
export function ProblemMessage({ problem, children }: { readonly problem: Problem; readonly children?: ReactNode }) {
  const detail = problemDetail(problem);
  return (
    <div className="problem" role="alert">
      <p>
        <Icon name="error" /> <span className="visually-hidden">{t('failure.prefix')} </span>
        {describeProblem(problem)}
      </p>
      {detail && (
        <details>
          <summary>{t('failure.details')}</summary>
          <pre className="detail">{detail}</pre>
        </details>
      )}
      {children && <div className="actions">{children}</div>}
    </div>
  );
}
