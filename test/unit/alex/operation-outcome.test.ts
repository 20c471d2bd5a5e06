import { outcomeEntries, parseAlexBody } from '../../../src/services/alex';

describe('parseAlexBody: the three ALEX error shapes', () => {
  it('when the body is an OperationOutcome with diagnostics, then issues carry code, severity and text', () => {
    const parsed = parseAlexBody(
      JSON.stringify({
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'forbidden', diagnostics: 'Authorization failed.' }],
      }),
    );

    expect(parsed.kind).toBe('operation-outcome');
    expect(parsed.issues).toEqual([{ severity: 'error', code: 'forbidden', text: 'Authorization failed.' }]);
    expect(parsed.text).toBe('Authorization failed.');
  });

  it('when the OperationOutcome text is in details.text, then that text is read', () => {
    const parsed = parseAlexBody(
      JSON.stringify({
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'business-rule', details: { text: 'Identifier missing' } }],
      }),
    );

    expect(parsed.issues[0]).toEqual({
      severity: 'error',
      code: 'business-rule',
      text: 'Identifier missing',
    });
  });

  it('when the body is {statusCode, message}, then the message is the text and there are no issues', () => {
    const parsed = parseAlexBody('{"statusCode":404,"message":"Resource not found"}');

    expect(parsed).toMatchObject({ kind: 'status-message', issues: [], text: 'Resource not found' });
  });

  it('when the body is plain text or a JSON string, then it is the text', () => {
    expect(parseAlexBody('Practice Facility not found')).toMatchObject({
      kind: 'text',
      text: 'Practice Facility not found',
    });
    expect(parseAlexBody('"Practice Facility not found"')).toMatchObject({
      kind: 'text',
      text: 'Practice Facility not found',
    });
  });

  it('when the body is empty, then it is "empty"', () => {
    expect(parseAlexBody('')).toEqual({ kind: 'empty', issues: [] });
    expect(parseAlexBody(undefined)).toEqual({ kind: 'empty', issues: [] });
  });

  it('when a Bundle holds an OperationOutcome entry, then its issues are found beside other entries', () => {
    const notFound: fhir4.OperationOutcome = {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'warning', code: 'not-found' }],
    };
    const bundle: fhir4.Bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [{ resource: { resourceType: 'Patient', id: 'p1' } }, { resource: notFound }],
    };

    expect(outcomeEntries(bundle)).toHaveLength(1);
    expect(parseAlexBody(JSON.stringify(bundle)).issues).toEqual([
      { severity: 'warning', code: 'not-found', text: undefined },
    ]);
  });

  it('when ALEX text is very long, then it is clipped for the log', () => {
    const parsed = parseAlexBody('x'.repeat(5000));

    expect(parsed.text?.length).toBeLessThan(400);
  });
});
