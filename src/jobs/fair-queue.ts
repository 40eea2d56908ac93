/**
 * Waiting jobs, first in first out for each client, and round-robin across clients: a client
 * with twenty jobs waiting gets one worker turn, then every other waiting client gets one. So
 * one client cannot hold every worker, however fast it sends.
 */
export class FairQueue<Item> {
  // Map keeps insertion order: the first key is the client whose turn is next.
  readonly #byClient = new Map<string, Item[]>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  sizeOf(client: string): number {
    return this.#byClient.get(client)?.length ?? 0;
  }

  push(client: string, item: Item): void {
    const items = this.#byClient.get(client);
    if (items === undefined) this.#byClient.set(client, [item]);
    else items.push(item);
    this.#size++;
  }

  /** The oldest item of the client whose turn it is; that client then goes to the back. */
  shift(): Item | undefined {
    for (const [client, items] of this.#byClient) {
      const item = items.shift();
      this.#byClient.delete(client);
      if (items.length > 0) this.#byClient.set(client, items);
      if (item === undefined) continue;
      this.#size--;
      return item;
    }
    return undefined;
  }

  /** Takes `item` out wherever it waits; false when it is not waiting. */
  remove(client: string, item: Item): boolean {
    const items = this.#byClient.get(client);
    const index = items?.indexOf(item) ?? -1;
    if (items === undefined || index === -1) return false;
    items.splice(index, 1);
    if (items.length === 0) this.#byClient.delete(client);
    this.#size--;
    return true;
  }

  /** Empties the queue, answering every item in the order it would have run. */
  drain(): Item[] {
    const all: Item[] = [];
    for (let item = this.shift(); item !== undefined; item = this.shift()) all.push(item);
    return all;
  }
}
