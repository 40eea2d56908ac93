/**
 * Marks a plugin to register into its parent's scope, so its hooks and decorators reach the
 * routes registered next to it: what fastify-plugin does, which is not a direct dependency.
 */
export function shareScope<Plugin extends object>(plugin: Plugin, name: string): Plugin {
  return Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: name,
  });
}
