import { Address6 } from 'ip-address';
import type { FastifyRequest } from 'fastify';
import { isIPv6 } from 'node:net';

/**
 * Who a request comes from, for fair shares of the workers: its address as Fastify sees it (so
 * X-Forwarded-For counts only when TRUST_PROXY says so), IPv6 grouped by /56 network as the rate
 * limit groups it, since one subscriber usually holds a whole /56 or /64.
 */
export function clientKeyOf(request: FastifyRequest): string {
  const ip = request.ip;
  if (!isIPv6(ip)) return ip;
  const address = new Address6(ip);
  if (address.isMapped4()) return address.to4().correctForm();
  return new Address6(`${ip}/56`).startAddress().correctForm();
}
