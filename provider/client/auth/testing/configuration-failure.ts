// For tests: the ConfigurationError a call throws; anything else, or no error, fails the test.
import { ConfigurationError } from "../errors";

export function configurationFailure(fn: () => unknown): ConfigurationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error("expected a ConfigurationError");
}
