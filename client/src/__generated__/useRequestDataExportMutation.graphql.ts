/**
 * @generated SignedSource<<d63bd6b75bdc70f068d9e119217a783f>>
 * @relayHash 9551885fa9ca9580ae8b3885578c3273
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

// @relayRequestID 24bce7fcd2a4fb333ac642b89cf5b3926051b75369658d71554c4cca562cc0c2

import { ConcreteRequest } from 'relay-runtime';
export type useRequestDataExportMutation$variables = Record<PropertyKey, never>;
export type useRequestDataExportMutation$data = {
  readonly requestDataExport: {
    readonly accepted: boolean;
  };
};
export type useRequestDataExportMutation = {
  response: useRequestDataExportMutation$data;
  variables: useRequestDataExportMutation$variables;
};

const node: ConcreteRequest = (function(){
var v0 = [
  {
    "alias": null,
    "args": null,
    "concreteType": "AcceptedPayload",
    "kind": "LinkedField",
    "name": "requestDataExport",
    "plural": false,
    "selections": [
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "accepted",
        "storageKey": null
      }
    ],
    "storageKey": null
  }
];
return {
  "fragment": {
    "argumentDefinitions": [],
    "kind": "Fragment",
    "metadata": null,
    "name": "useRequestDataExportMutation",
    "selections": (v0/*:: as any*/),
    "type": "Mutation",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": [],
    "kind": "Operation",
    "name": "useRequestDataExportMutation",
    "selections": (v0/*:: as any*/)
  },
  "params": {
    "id": "24bce7fcd2a4fb333ac642b89cf5b3926051b75369658d71554c4cca562cc0c2",
    "metadata": {},
    "name": "useRequestDataExportMutation",
    "operationKind": "mutation",
    "text": null
  }
};
})();

(node as any).hash = "42ca4cf9cff3def1707da85f2672d958";

export default node;
