/**
 * @generated SignedSource<<2e70f9db30731c24e71dfec456f3d322>>
 * @relayHash 4920d7f31fa1d5383b7ca18ecb85a447
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

// @relayRequestID fac3bd8dae1605dcf38fee3aa8c0622fe67697d14719d859ef30898ec92a7500

import { ConcreteRequest } from 'relay-runtime';
export type RevokePersonalAccessTokenInput = {
  id: string;
};
export type useRevokePersonalAccessTokenMutation$variables = {
  input: RevokePersonalAccessTokenInput;
};
export type useRevokePersonalAccessTokenMutation$data = {
  readonly revokePersonalAccessToken: {
    readonly revokedPersonalAccessTokenId: string;
  };
};
export type useRevokePersonalAccessTokenMutation = {
  response: useRevokePersonalAccessTokenMutation$data;
  variables: useRevokePersonalAccessTokenMutation$variables;
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
    "concreteType": "RevokePersonalAccessTokenPayload",
    "kind": "LinkedField",
    "name": "revokePersonalAccessToken",
    "plural": false,
    "selections": [
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "revokedPersonalAccessTokenId",
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
    "name": "useRevokePersonalAccessTokenMutation",
    "selections": (v1/*:: as any*/),
    "type": "Mutation",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Operation",
    "name": "useRevokePersonalAccessTokenMutation",
    "selections": (v1/*:: as any*/)
  },
  "params": {
    "id": "fac3bd8dae1605dcf38fee3aa8c0622fe67697d14719d859ef30898ec92a7500",
    "metadata": {},
    "name": "useRevokePersonalAccessTokenMutation",
    "operationKind": "mutation",
    "text": null
  }
};
})();

(node as any).hash = "acc15e7e6819d1bc28036d5bfcae669a";

export default node;
