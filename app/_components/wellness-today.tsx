import { WellnessNote } from '@/components/wellness/wellness-note';
import { wellnessToday } from '@/lib/wellness/wellness';
import { requirePageContext } from '@/server/guard';

/** The signed-in moderator's child-safety count today and the break prompt, for the pages where the work happens (queues, review). */
export async function WellnessToday() {
  const ctx = await requirePageContext('reports:read');
  return <WellnessNote today={await wellnessToday(ctx)} />;
}
