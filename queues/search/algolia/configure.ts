/**
 * Applies the index settings kept in code (settings.ts): the primary's
 * settings (forwarded to its replicas, created on the first run), each
 * replica's ranking, then the synonym groups. Waits for every task, so a
 * finished run means Algolia uses the new settings. Idempotent.
 */
import type { SearchClient } from '@algolia/client-search';
import { primarySettings, replicaSettings, synonyms } from './settings';

export interface ConfigureStep {
  indexName: string;
  what: 'settings' | 'replica ranking' | 'synonyms';
  taskID: number;
}

export async function configureAlgolia(client: SearchClient, indexName: string, onStep?: (s: ConfigureStep) => void): Promise<ConfigureStep[]> {
  const steps: ConfigureStep[] = [];
  const done = async (step: ConfigureStep) => {
    await client.waitForTask({ indexName: step.indexName, taskID: step.taskID });
    steps.push(step);
    onStep?.(step);
  };
  const primary = await client.setSettings({ indexName, indexSettings: primarySettings(indexName), forwardToReplicas: true });
  await done({ indexName, what: 'settings', taskID: primary.taskID });
  for (const r of replicaSettings(indexName)) {
    const res = await client.setSettings({ indexName: r.indexName, indexSettings: r.settings });
    await done({ indexName: r.indexName, what: 'replica ranking', taskID: res.taskID });
  }
  const syn = await client.saveSynonyms({ indexName, synonymHit: synonyms(), forwardToReplicas: true, replaceExistingSynonyms: true });
  await done({ indexName, what: 'synonyms', taskID: syn.taskID });
  return steps;
}
