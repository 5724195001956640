import { AccessDenied } from '../audit/denial';

/** Why the four-eyes rule keeps this member from releasing: shown on the disabled button and in the refusal. */
export function fourEyesMessage(role: 'prepared' | 'approved'): string {
  return role === 'prepared'
    ? 'you prepared this package: a second liaison or admin must release it (four-eyes rule)'
    : 'you approved the legal review of this request: a liaison or admin who did not approve it must release the package (four-eyes rule)';
}

/**
 * A release the four-eyes rule refuses: the person who prepared the package, or who approved the
 * legal review it rests on, tried to release it. A 403, recorded as a denial by the web guard.
 */
export class FourEyesError extends AccessDenied {
  constructor(packageId: string, role: 'prepared' | 'approved') {
    super(fourEyesMessage(role), { action: 'disclosure_package.release_denied', targetType: 'disclosure_package', targetId: packageId });
    this.name = 'FourEyesError';
  }
}

/** A draft package never leaves Lookout: it is reviewed in the browser and downloads once released. */
export class DraftDownloadError extends AccessDenied {
  constructor(packageId: string, version: number) {
    super(`version ${version} is a draft: review it on the request page; only a released package can be downloaded`, {
      action: 'disclosure_package.download_denied',
      targetType: 'disclosure_package',
      targetId: packageId,
    });
    this.name = 'DraftDownloadError';
  }
}
