import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Introspection off: no "Did you mean ...?" may describe the schema. graphql-armor hides the suggestions of fields,
 * arguments and types in validation errors, but not those of enum values ('Did you mean the enum value "PENDING"?',
 * also a validation error) nor the input fields named in the errors of variables, which execution reports
 * ('Field "taskDescriptio" is not defined by type "CreateSkillJobInput". Did you mean "taskDescription"?').
 * Over HTTP and WebSocket alike (both run the envelop hooks).
 */
export function useHiddenSuggestions(): Plugin {
  // New error objects, never the originals: validation results are cached and shared.
  const suggests = (error: unknown): error is GraphQLError =>
    error instanceof GraphQLError && error.message.includes('Did you mean');
  const hide = <E>(error: E): E | GraphQLError =>
    suggests(error)
      ? new GraphQLError(`${error.message.replace(SUGGESTION, '')} [Suggestion hidden]`, {
          nodes: error.nodes,
          source: error.source,
          positions: error.positions,
          path: error.path,
          originalError: error.originalError,
          extensions: error.extensions,
        })
      : error;
  const hideIn = (result: ExecutionResult, setResult: (result: ExecutionResult) => void) => {
    if (result.errors?.some(suggests)) setResult({ ...result, errors: result.errors.map(hide) });
  };
  const onDone = ({
    result,
    setResult,
  }: {
    result: ExecutionResult | AsyncIterable<ExecutionResult>;
    setResult: (result: ExecutionResult) => void;
  }) => {
    if (Symbol.asyncIterator in result) {
      return {
        onNext: ({
          result: next,
          setResult: setNext,
        }: {
          result: ExecutionResult;
          setResult: (result: ExecutionResult) => void;
        }) => hideIn(next, setNext),
      };
    }
    hideIn(result, setResult);
    return undefined;
  };
  return {
    onValidate:
      () =>
      ({ result, setResult }) => {
        if (result.some(suggests)) setResult(result.map(hide));
      },
    onExecute: () => ({ onExecuteDone: onDone }),
    onSubscribe: () => ({ onSubscribeResult: onDone }),
  };
}
