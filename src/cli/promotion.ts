import type { DeliveryOptions, DeliveryPorts, PromotionResult } from '../app/promotion.js';
import { formatPullRequestBody } from '../format/promotion-markdown.js';
import { formatDelivery, formatPromotionResult } from '../format/promotion-text.js';
import type { CliIO } from './io.js';
import { resolveRepo } from './repo.js';

/** What promote and rollback share on the command line: where, whether to publish, and the clock. */
export function deliveryOptions(options: { repo: string; pr?: boolean }, io: CliIO): DeliveryOptions {
  return {
    root: resolveRepo(options.repo, io),
    pr: options.pr === true,
    vars: io.env,
    now: io.now(),
    cwd: io.cwd,
  };
}

/** Prints a delivery as it goes: the GitHub client's notices, then the written branch before any push. */
export function deliveryPorts(io: CliIO): DeliveryPorts {
  return {
    log: (line) => io.stderr.write(`${line}\n`),
    written: (delivery) => {
      for (const chunk of formatDelivery(delivery)) io[chunk.stream].write(chunk.text);
    },
    pullRequestBody: formatPullRequestBody,
  };
}

export function printPromotionResult(result: PromotionResult, io: CliIO): void {
  io.stdout.write(formatPromotionResult(result));
}
