/**
 * Every number the risk score uses, in one place. A score is the sum of its signals' points
 * (each signal capped, so a score stays below ~250, and never below 0); each signal's points
 * are `each × count` up to its cap, times the factors named in its evidence. Nothing here was fitted to one population: the values express how
 * much a careful reviewer would make of each kind of evidence on its own.
 */
export const RISK_WEIGHTS = {
  /** Contacts, blocks and reports older than this (before the as-of time) are not counted. */
  windowDays: 365,
  /**
   * A minor is "younger" when at least this many years younger than the age the account is
   * judged by; `uncertain` when there is some (not conclusive) evidence it is older than it claims.
   */
  youngerBy: { years: 3, uncertainYears: 2 },
  /** Claimed ages outside this range are typos or jokes, not ages. */
  plausibleAge: { min: 8, max: 100 },

  /** Evidence that an account claiming to be a minor is an adult (pattern age_misrepresentation). */
  age: {
    checkAdult: 30,
    sharedDeviceWithAdult: 12,
    birthdateMovedYounger: {
      minYears: 4,
      pointsPerYear: 2,
      max: 24,
      // A typo fixed days after sign-up is common; a move long after sign-up is not.
      soonAfterSignupDays: 30,
      soonAfterSignupFactor: 0.35,
    },
    /** The claimed birthdate makes the owner younger than this at sign-up. */
    implausibleSignup: { underAge: 7, points: 20 },
    misrepresentationReports: { each: 6, max: 18 },
    /** An age check saying minor outweighs the softer evidence above. */
    checkMinorFactor: 0.4,
    /** Age points at which the likely band becomes adult. */
    likelyAdultAt: 20,
    /**
     * From here up to likelyAdultAt the account's age is uncertain: it is still judged by its
     * claimed age (who counts as younger), but its contact signals count `uncertainAgeFactor`
     * instead of the smaller factor a minor's gap gives.
     */
    uncertainFrom: 10,
    /** Age evidence adds at most this much (its signals are scaled down together beyond it). */
    max: 40,
    /**
     * Age evidence on an account with (next to) no behavioural signal — younger minors reached,
     * blocks, grooming reports worth less than `patternFrom` together: a lie about age, but no
     * sign yet of a child at risk.
     */
    withoutBehaviourFactor: 0.5,
  },

  /**
   * Contact pattern (pattern adult_contacting_minors): younger minors the account wrote to first.
   * Strangers to each other count most; a team or a class that knows each other counts little.
   */
  contact: {
    minTargets: 3,
    /**
     * Unrelated younger minors any adult may have — nieces, nephews, a godchild: the first this
     * many strangers (answered ones first), and the first this many minors sending media, add nothing.
     */
    allowance: 2,
    /** Beside groups of children who know each other (teams, classes), this many more strangers per child in them. */
    allowancePerLinked: 0.1,
    strangerAnswered: 5,
    strangerUnanswered: 1.5,
    knowEachOther: 0.15,
    max: 40,
    /** A target "answered" when it wrote at least this many messages back. */
    answeredMessages: 2,
    /** Two targets know each other: a conversation between them, or this many contacts in common. */
    mutualContacts: 2,
    /** Targets examined per account when testing who knows whom (the share is extrapolated). */
    sampleTargets: 40,
    /** The account itself is a minor: scaled by (gap − 2) / 6 within these bounds. */
    minorGapFactor: { min: 0.2, max: 0.8 },
    /** No usable birthdate, or mixed age evidence: it may or may not be an adult. */
    uncertainAgeFactor: 0.6,
    /** Signals from younger minors who know each other (a class, a team) count this much. */
    knownToEachOtherFactor: 0.15,
  },
  /** Conversations it started where it wrote `ratio` times what the minor wrote back. */
  lopsided: { minConversations: 3, ratio: 2, share: 0.6, each: 2, max: 12 },
  mediaFromMinors: { min: 3, each: 6, max: 24 },
  blockedByMinors: { min: 2, each: 5, max: 20 },

  /**
   * Reports, by distinct reporter (spam and peer harassment are not grooming and score nothing).
   * Grooming and sexual-content reports, and cues in the text of any report but spam.
   */
  reports: { groomingEach: 10, groomingMax: 30, lawEnforcement: 15 },
  cues: {
    image: { each: 10, max: 20 },
    meeting: { each: 10, max: 20 },
    offPlatform: { each: 8, max: 16 },
  },
  /** A minor with no younger minors in its conversations: reports about it are peer trouble. */
  peerReportFactor: 0.5,

  /**
   * Bulk messaging (spam): many accounts of all ages, few answers. Its contact signals and the
   * cues in reports about it (misfiled spam) say little about children in particular, so they
   * are weighed down, and its unanswered messages do not count at all.
   */
  bulk: { minInitiated: 40, maxAnsweredShare: 0.25, factor: 0.3 },

  /**
   * Targeting versus volume (lib/risk/targeting.ts): an account that started this many
   * conversations, or had as many started with it, is judged by whether younger minors make up
   * more of the conversations it started than chance gives (the population's share of minors,
   * or the share among those who write to it first when `audienceFrom` or more do). Its contact
   * signals count fully from `fullAt` times chance and `floor` at chance or below. The other
   * side, `preference`: from `minStrangers` younger minors who do not know each other, the share
   * of the conversations it started that went to them above chance earns up to `max` points
   * (all of them to such children: `max`; chance or less: none).
   */
  targeting: { volumeFrom: 40, audienceFrom: 20, fullAt: 1.5, floor: 0.1, margin: 2, preference: { minStrangers: 3, max: 10 } },

  /**
   * Depth (lib/risk/depth.ts): a conversation with a younger minor who knows none of the
   * account's other younger contacts, going on for `minDays` or more, where it wrote at least
   * `minMessages` and `ratio` times what the child wrote back (the child wrote `minReplies` or
   * more). From `minConversations` such conversations: `each` per conversation beyond
   * `allowance` (one child any adult may be close to), `mediaEach` per child among them who sent
   * pictures, up to `max`.
   */
  depth: { minDays: 60, minMessages: 100, ratio: 2, minReplies: 5, minConversations: 2, allowance: 1, each: 10, mediaEach: 5, max: 40 },

  /**
   * Ban evasion (lib/risk/ban-evasion.ts): an account created on the device of an account banned
   * for child safety, after the ban. On its own it puts the account near the top of the list.
   */
  banEvasion: { points: 40 },

  /** A signal raises its pattern from this many points. */
  patternFrom: 5,
} as const;

/**
 * Words in report text that point at a pattern. PostgreSQL regular expressions (case-insensitive,
 * `\m`/`\M` are word boundaries), applied in SQL to every report in the window.
 */
export const REPORT_CUES = {
  // A request, not any mention of a photo ("posted a photo of me" is harassment, not solicitation).
  image:
    '\\m((send|sending|sent|asks?|asked|asking|wants?|wanted|begs?|begged|get) (me |him |her )?(for )?(a |an |some |more |your |his |her )?(pics?|pictures?|photos?|selfies?|nudes?|videos?|snaps?)|nudes?|naked|topless|webcam|(on|video) ?cam|video ?call)\\M',
  meeting:
    '\\m(meet|meeting|meet ?up|hang ?out|come over|pick (you|me|her|him) up|where (do )?(you|i|she|he) li?ve|address|in person|sleepover|hotel|his (house|place|car))\\M',
  offPlatform:
    '\\m(snap|snapchat|whats ?app|telegram|discord|kik|insta|instagram|signal|wickr|tiktok|other app|text me|phone number|my number|your number)\\M',
} as const;
