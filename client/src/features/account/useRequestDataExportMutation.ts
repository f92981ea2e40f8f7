import { graphql, useMutation } from 'react-relay';
import type { useRequestDataExportMutation as Mutation } from '../../__generated__/useRequestDataExportMutation.graphql';

/** Asks for the JSON export; the worker mails it to the account's own address. Nothing to update. */
export const useRequestDataExportMutation = () =>
  useMutation<Mutation>(graphql`
    mutation useRequestDataExportMutation {
      requestDataExport {
        accepted
      }
    }
  `);
