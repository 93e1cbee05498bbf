import { planPromotion, type PromoteRequest } from '../promote/plan.js';
import {
  deliverOutcome,
  openCheckout,
  type DeliveryOptions,
  type DeliveryPorts,
  type PromotionResult,
} from './promotion.js';

/**
 * `slipway promote`: a commit that gives MODEL@VERSION traffic in an environment (all of it, or
 * a canary share), on its own branch, checked by validate and the gate before it is proposed.
 */
export async function promote(
  request: PromoteRequest,
  options: DeliveryOptions,
  ports: DeliveryPorts,
): Promise<PromotionResult> {
  const checkout = await openCheckout(options.root);
  return deliverOutcome(checkout, planPromotion(checkout.input, request), options, ports);
}
