/**
 * @generated SignedSource<<daa791a277efdb3f4d0a3ee824ff5af4>>
 * @relayHash 4a5f62bbbf0d665dcf8e0ff3ab2296a6
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

// @relayRequestID 961efe8d2b09a033e52c06c8b88561a355b0d988fd6956f88aac612cd0ef3e19

import { ConcreteRequest } from 'relay-runtime';
export type MarkdownPreviewQuery$variables = {
  markdown: string;
};
export type MarkdownPreviewQuery$data = {
  readonly previewMarkdown: string;
};
export type MarkdownPreviewQuery = {
  response: MarkdownPreviewQuery$data;
  variables: MarkdownPreviewQuery$variables;
};

const node: ConcreteRequest = (function(){
var v0 = [
  {
    "defaultValue": null,
    "kind": "LocalArgument",
    "name": "markdown"
  }
],
v1 = [
  {
    "alias": null,
    "args": [
      {
        "kind": "Variable",
        "name": "markdown",
        "variableName": "markdown"
      }
    ],
    "kind": "ScalarField",
    "name": "previewMarkdown",
    "storageKey": null
  }
];
return {
  "fragment": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Fragment",
    "metadata": null,
    "name": "MarkdownPreviewQuery",
    "selections": (v1/*:: as any*/),
    "type": "Query",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Operation",
    "name": "MarkdownPreviewQuery",
    "selections": (v1/*:: as any*/)
  },
  "params": {
    "id": "961efe8d2b09a033e52c06c8b88561a355b0d988fd6956f88aac612cd0ef3e19",
    "metadata": {},
    "name": "MarkdownPreviewQuery",
    "operationKind": "query",
    "text": null
  }
};
})();

(node as any).hash = "bd97532ad7ae4921ca28e20441569c65";

export default node;
