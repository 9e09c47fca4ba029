import { Lifecycle, scoped } from "tsyringe";

/**
 * Marks a class as a service: one instance per container (one per running bot, one per test), injected
 * wherever asked for. Classes without it (`@injectable()` alone) are made anew for each dependent.
 */
export function service(): ClassDecorator {
  return scoped(Lifecycle.ContainerScoped) as ClassDecorator;
}
