/**
 * @generated SignedSource<<b9b77f52593283314e41cbabf577f340>>
 * @relayHash 0a2909bab8bf61180e077bc0977a7f6a
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

// @relayRequestID 3bc02bc68dd2812087f1aaa426a829230a9bccbc8cea4536340c0721eadd0f54

import { ConcreteRequest } from 'relay-runtime';
export type RevokeAllSessionsInput = {
  includeCurrent?: boolean | null | undefined;
};
export type useRevokeAllSessionsMutation$variables = {
  input: RevokeAllSessionsInput;
};
export type useRevokeAllSessionsMutation$data = {
  readonly revokeAllSessions: {
    readonly revokedCount: number;
  };
};
export type useRevokeAllSessionsMutation = {
  response: useRevokeAllSessionsMutation$data;
  variables: useRevokeAllSessionsMutation$variables;
};

const node: ConcreteRequest = (function(){
var v0 = [
  {
    "defaultValue": null,
    "kind": "LocalArgument",
    "name": "input"
  }
],
v1 = [
  {
    "alias": null,
    "args": [
      {
        "kind": "Variable",
        "name": "input",
        "variableName": "input"
      }
    ],
    "concreteType": "RevokeAllSessionsPayload",
    "kind": "LinkedField",
    "name": "revokeAllSessions",
    "plural": false,
    "selections": [
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "revokedCount",
        "storageKey": null
      }
    ],
    "storageKey": null
  }
];
return {
  "fragment": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Fragment",
    "metadata": null,
    "name": "useRevokeAllSessionsMutation",
    "selections": (v1/*:: as any*/),
    "type": "Mutation",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Operation",
    "name": "useRevokeAllSessionsMutation",
    "selections": (v1/*:: as any*/)
  },
  "params": {
    "id": "3bc02bc68dd2812087f1aaa426a829230a9bccbc8cea4536340c0721eadd0f54",
    "metadata": {},
    "name": "useRevokeAllSessionsMutation",
    "operationKind": "mutation",
    "text": null
  }
};
})();

(node as any).hash = "d28f8b4a98b52e4df0616f75829e91de";

export default node;
