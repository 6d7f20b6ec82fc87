/** File formats of the client: pure functions over bytes (no Electron, no database). */
export { detectFormat, importFile, importFileStream, type FileFormat, type ImportFileOptions } from './detect.ts';
export { bytesSource, PIECE_BYTES, decodeText, encodeCp1251, ENCODING_LABEL, MAX_FILE_BYTES, type ByteSource, type DecodedText, type TextEncodingName } from './encoding.ts';
export { sourceKeyOf, type Finding, type ImportedDocument, type ImportResult, type RejectedDocument } from './import-result.ts';
export { importOneCPayments, type ImportSink, type ImportSummary } from './onec/import-payments.ts';
export { readOneC, type OneCField, type OneCFile, type OneCSection } from './onec/reader.ts';
export { exportStatementOneC, readOneCStatement, type AccountHolder, type ExportStatementOneCOptions, type OneCStatement } from './onec/statement.ts';
export { writeOneCPayments, type WriteOneCPaymentsOptions } from './onec/write-payments.ts';
export { exportCamt053, readCamt053, type Camt053ExportOptions, type Camt053Statement } from './iso20022/camt053.ts';
export { exportPain001, type Pain001ExportOptions } from './iso20022/pain001-export.ts';
export { importPain001 } from './iso20022/pain001-import.ts';
export { parseXml, parseXmlBytes, type XmlDocument, type XmlElement } from './xml/reader.ts';
export { escapeAttr, escapeText, XmlWriter } from './xml/writer.ts';
