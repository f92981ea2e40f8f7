/**
 * @generated SignedSource<<d7320d14008942e3f0c8921d3a771a2b>>
 * @relayHash c8cd668b5977aa3b6dbdf853c72669bd
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

// @relayRequestID d8b3ffac1b63a5c47d0ea998959fde3010a9874329ad02ae242de7845b3b1d86

import { ConcreteRequest } from 'relay-runtime';
export type useResendVerificationEmailMutation$variables = Record<PropertyKey, never>;
export type useResendVerificationEmailMutation$data = {
  readonly resendVerificationEmail: {
    readonly accepted: boolean;
  };
};
export type useResendVerificationEmailMutation = {
  response: useResendVerificationEmailMutation$data;
  variables: useResendVerificationEmailMutation$variables;
};

const node: ConcreteRequest = (function(){
var v0 = [
  {
    "alias": null,
    "args": null,
    "concreteType": "AcceptedPayload",
    "kind": "LinkedField",
    "name": "resendVerificationEmail",
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
    "name": "useResendVerificationEmailMutation",
    "selections": (v0/*:: as any*/),
    "type": "Mutation",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": [],
    "kind": "Operation",
    "name": "useResendVerificationEmailMutation",
    "selections": (v0/*:: as any*/)
  },
  "params": {
    "id": "d8b3ffac1b63a5c47d0ea998959fde3010a9874329ad02ae242de7845b3b1d86",
    "metadata": {},
    "name": "useResendVerificationEmailMutation",
    "operationKind": "mutation",
    "text": null
  }
};
})();

(node as any).hash = "03499c08e9af54015b270542373e99ae";

export default node;
