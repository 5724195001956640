import type { ReportCategory } from '../platform/contract';
import type { Rng } from './random';

/** Made-up names and report wording for the synthetic population. */

const FIRST_NAMES = [
  'Maya', 'Liam', 'Ava', 'Noah', 'Isla', 'Leo', 'Zara', 'Oscar', 'Freya', 'Arlo', 'Ruby', 'Finn', 'Nia', 'Theo',
  'Ella', 'Kai', 'Amara', 'Jude', 'Lena', 'Omar', 'Priya', 'Sami', 'Chloe', 'Ethan', 'Hana', 'Jack', 'Mila', 'Reuben',
  'Sofia', 'Tariq', 'Yara', 'Ben', 'Grace', 'Luca', 'Aisha', 'Dylan', 'Esme', 'Felix', 'Imogen', 'Kofi', 'Lucy',
  'Mo', 'Niamh', 'Ollie', 'Poppy', 'Rhys', 'Tess', 'Will', 'Zoe', 'Aria', 'Caleb', 'Daisy', 'Erin', 'Harvey',
] as const;
const HANDLE_WORDS = [
  'fox', 'sky', 'lunar', 'pixel', 'storm', 'maple', 'nova', 'echo', 'river', 'ember', 'frost', 'lark', 'comet',
  'tiger', 'blaze', 'coral', 'drift', 'jade', 'koi', 'moss', 'orbit', 'quill', 'raven', 'sage', 'tide', 'vale',
] as const;
export const COUNTRIES = ['GB', 'US', 'IE', 'AU', 'CA', 'NZ'] as const;

export function personName(rng: Rng): { username: string; displayName: string } {
  const first = rng.pick(FIRST_NAMES);
  const handle = `${first.toLowerCase()}${rng.pick(HANDLE_WORDS)}`;
  return { username: handle, displayName: `${first} ${String.fromCharCode(65 + rng.int(0, 25))}.` };
}

/** Peers reporting peers: the everyday noise of a chat app's report queue. */
const PEER_REPORTS: Partial<Record<ReportCategory, readonly string[]>> = {
  harassment: [
    'keeps calling me names in the group chat',
    'posted an embarrassing photo of me and everyone is laughing',
    'sending mean messages every night',
    'told everyone a lie about me',
    'wont stop messaging me after I said stop',
    'threatened to beat me up at school',
    'making fun of my voice notes',
    '',
  ],
  spam: ['keeps sending the same link', 'sent me a giveaway thing, looks fake', 'advertising followers for money', ''],
  other: ['fake account pretending to be my friend', 'stole my username', 'not sure, just weird', 'hacked my friends account', ''],
  sexual_content: ['sent something gross in the group', 'shared a rude video'],
  self_harm: ['posted that they want to hurt themselves, please check on them', 'worried about my friend'],
  age_misrepresentation: ['says she is 15 but she is in my little brothers class', 'lying about his age lol', 'not really 16'],
};

export function peerReport(rng: Rng): { category: ReportCategory; description: string } {
  const category = rng.weighted<ReportCategory>({
    harassment: 60,
    other: 17,
    spam: 10,
    age_misrepresentation: 5,
    sexual_content: 4,
    self_harm: 4,
  });
  return { category, description: rng.pick(PEER_REPORTS[category] ?? ['']) };
}

const SPAM_TEXTS = [
  'spam link',
  'sent me a crypto link',
  'random account sending links',
  'says I won a prize',
  'follow for follow spam, says add him on insta',
  'bot, keeps asking to join a telegram channel',
  '',
] as const;

export function spamReport(rng: Rng): { category: ReportCategory; description: string } {
  // Users misfile spam now and then.
  const category = rng.weighted<ReportCategory>({ spam: 85, other: 10, harassment: 5 });
  return { category, description: rng.pick(SPAM_TEXTS) };
}

const GROOMING_CUES = {
  images: [
    'he keeps asking me to send pics',
    'asked for a photo of me in my school uniform',
    'wanted me to send a selfie with no top',
    'keeps saying send me a picture, just one',
    'asked for nudes',
    'wants me to go on video cam with him',
  ],
  meeting: [
    'wants to meet up after school and said not to tell my mum',
    'asked where I live and if he can pick me up',
    'keeps asking to meet at the park on saturday',
    'said we should meet in person, he will buy me stuff',
  ],
  offPlatform: [
    'told me to add him on snap',
    'wants me to talk on whatsapp instead',
    'asked for my number so we can text',
    'said to move to telegram so nobody sees',
    'keeps asking for my insta',
  ],
  age: ['says he is 16 but he looks way older in his pic', 'I think he is an adult pretending to be a teenager', 'he said he is 17 but he talks like a grown up'],
  vague: ['makes me uncomfortable', 'this person is creepy', 'he is weird with my sister', 'messages me all the time and I dont know him'],
} as const;

/** What a child, a parent or the police write about a groomer: some cues, some vagueness. */
export function groomingReport(
  rng: Rng,
  cues: { images: boolean; meeting: boolean; offPlatform: boolean },
): { category: ReportCategory; description: string } {
  const parts: string[] = [];
  if (cues.images && rng.chance(0.8)) parts.push(rng.pick(GROOMING_CUES.images));
  if (cues.meeting && rng.chance(0.7)) parts.push(rng.pick(GROOMING_CUES.meeting));
  if (cues.offPlatform && rng.chance(0.7)) parts.push(rng.pick(GROOMING_CUES.offPlatform));
  if (rng.chance(0.3)) parts.push(rng.pick(GROOMING_CUES.age));
  if (parts.length === 0 || rng.chance(0.2)) parts.push(rng.pick(GROOMING_CUES.vague));
  const category = rng.weighted<ReportCategory>({
    grooming: 50,
    sexual_content: 12,
    age_misrepresentation: 12,
    harassment: 12,
    other: 14,
  });
  return { category, description: parts.join('. ') };
}

/** Parents and kids sometimes report an over-keen coach or teacher too. */
export function mentorReport(rng: Rng): { category: ReportCategory; description: string } {
  return rng.pick([
    { category: 'other', description: 'too many messages about practice, even on sundays' },
    { category: 'harassment', description: 'keeps messaging the whole team late at night' },
    { category: 'other', description: 'wants everyone to send photos for the team page' },
  ] as const);
}
