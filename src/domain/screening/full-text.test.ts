import { describe, expect, it } from 'vitest';
import { checkPdf, doiFileKey, fileIdentifier, matchFullTextFiles } from './full-text.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('full texts', () => {
  it('takes a whole PDF and refuses what is not one, saying why', () => {
    expect(checkPdf(bytes('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n'), 'a.pdf')).toBe('1.7');
    // a little junk before the header, as PDF readers allow
    expect(checkPdf(bytes('\r\n%PDF-1.4\n%%EOF'), 'a.pdf')).toBe('1.4');
    expect(() => checkPdf(bytes(''), 'empty.pdf')).toThrow(/empty/);
    expect(() => checkPdf(bytes('<!doctype html><title>Sign in</title>'), 'paywall.pdf')).toThrow(
      /no "%PDF-" header.*web page/,
    );
    expect(() => checkPdf(bytes('%PDF-1.4\n1 0 obj\n<<'), 'cut.pdf')).toThrow(/cut short/);
    expect(() => checkPdf(bytes('%PDF-\n%%EOF'), 'odd.pdf')).toThrow(/no version/);
    const big = bytes(`%PDF-1.4\n${'x'.repeat(100)}\n%%EOF`);
    expect(() => checkPdf(big, 'big.pdf', 50)).toThrow(expect.objectContaining({ code: 'E_TOO_LARGE' }));
    expect(() => checkPdf(bytes('PK\u0003\u0004'), 'report.docx.pdf')).toThrow(
      expect.objectContaining({ code: 'E_NOT_PDF', file: 'report.docx.pdf' }),
    );
  });

  it('reads a DOI, PMID or PMCID from a file name as tools write them', () => {
    expect(fileIdentifier('10.1186_1744-8603-8-17.pdf')).toEqual({ doi: '10.1186_1744-8603-8-17' });
    expect(fileIdentifier('10.1186@1744-8603-8-17.PDF')).toEqual({ doi: '10.1186_1744-8603-8-17' });
    expect(fileIdentifier('doi 10.1186%2F1744-8603-8-17 Syed.pdf')).toEqual({
      doi: '10.1186_1744-8603-8-17',
    });
    expect(fileIdentifier('22443120.pdf')).toEqual({ pmid: '22443120' });
    expect(fileIdentifier('PMID_22443120 - Syed 2012.pdf')).toEqual({ pmid: '22443120' });
    expect(fileIdentifier('pmid:00012.pdf')).toEqual({ pmid: '12' });
    expect(fileIdentifier('PMC3359166.pdf')).toEqual({ pmcid: 'PMC3359166' });
    // a year at the start of a name is no PMID; nor is a name without an identifier
    expect(fileIdentifier('2012 Syed - partnerships.pdf')).toBeUndefined();
    expect(fileIdentifier('Syed et al.pdf')).toBeUndefined();
    expect(doiFileKey('10.1000/ABC_def')).toBe('10.1000_abc_def');
  });

  it('matches files to records; one cluster is one record, several studies with one identifier are not guessed', () => {
    const records = [
      { id: 1, doi: '10.1186/1744-8603-8-17', pmid: '22443120', pmcid: null },
      { id: 1, doi: null, pmid: '22443120', pmcid: 'PMC3359166' }, // a duplicate, folded into its canonical 1
      { id: 2, doi: '10.1000/shared', pmid: null, pmcid: null },
      { id: 3, doi: '10.1000/SHARED', pmid: null, pmcid: null },
    ];
    expect(
      matchFullTextFiles(
        ['10.1186_1744-8603-8-17.pdf', 'PMC3359166.pdf', '10.1000_shared.pdf', '99999999.pdf', 'Syed.pdf'],
        records,
      ),
    ).toEqual([
      { fileName: '10.1186_1744-8603-8-17.pdf', recordId: 1, by: 'doi' },
      { fileName: 'PMC3359166.pdf', recordId: 1, by: 'pmcid' },
      {
        fileName: '10.1000_shared.pdf',
        unmatched: expect.stringMatching(/2 records .* attach it to one by hand/),
      },
      { fileName: '99999999.pdf', unmatched: 'no record has the PMID its name gives (99999999)' },
      { fileName: 'Syed.pdf', unmatched: 'its name holds no DOI, PMID or PMCID' },
    ]);
  });
});
